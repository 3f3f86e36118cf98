// Keeps keyboard focus inside an element while it is active (the phone drawer over the page):
// Tab after its last control goes to its first, Shift+Tab before its first goes to its last, and
// Escape calls onEscape. An Escape something inside has handled already (an edit form cancelling
// itself) is left alone.
import { useEffect, type RefObject } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

const focusables = (element: HTMLElement) => [...element.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((e) => e.checkVisibility());

export function useFocusTrap(container: RefObject<HTMLElement | null>, active: boolean, onEscape: () => void) {
  useEffect(() => {
    const element = container.current;
    if (!active || !element) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) onEscape();
      if (e.key !== 'Tab') return;
      const all = focusables(element);
      const first = all[0];
      const last = all[all.length - 1];
      if (!first || !last) return;
      // Focus may have fallen out to the page's body (its control was removed): back inside.
      const outside = !element.contains(document.activeElement);
      if (e.shiftKey ? outside || document.activeElement === first : outside || document.activeElement === last) {
        e.preventDefault();
        (e.shiftKey ? last : first).focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [container, active, onEscape]);
}
