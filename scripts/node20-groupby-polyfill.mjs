// Better Auth's CLI (package "auth") targets Node 22 and calls Object.groupBy; Node 20 lacks it.
// Loaded only for `npm run auth:generate`, never by the service.
if (!Object.groupBy) Object.groupBy = (items, fn) => { const out = Object.create(null); let i = 0; for (const item of items) { const k = fn(item, i++); (out[k] ??= []).push(item); } return out; };
if (!Map.groupBy) Map.groupBy = (items, fn) => { const out = new Map(); let i = 0; for (const item of items) { const k = fn(item, i++); if (!out.has(k)) out.set(k, []); out.get(k).push(item); } return out; };
