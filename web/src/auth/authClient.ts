import { createAuthClient } from 'better-auth/react';

// Same origin as the page: in production the API serves it, in development Vite proxies /api.
export const authClient = createAuthClient({ baseURL: window.location.origin });
