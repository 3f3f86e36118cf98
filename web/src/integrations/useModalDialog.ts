// Shows a <dialog> as a modal while the component is mounted (the browser keeps focus inside and
// makes the rest inert, even a dialog underneath), and on closing gives focus back to whatever
// opened it, if that is still on the page.
import { useEffect, type RefObject } from 'react';

export function useModalDialog(dialog: RefObject<HTMLDialogElement | null>, initialFocus?: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const element = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (element && !element.open) element.showModal();
    initialFocus?.current?.focus();
    return () => {
      element?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [dialog, initialFocus]);
}
