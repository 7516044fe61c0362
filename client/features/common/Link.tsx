import type { ComponentChildren } from 'preact';
import { navigate } from '../../state/navigation.js';

/**
 * A link inside the app: a real <a href> (middle-click, long-press and screen readers work),
 * navigated without a reload on a plain click.
 */
export function Link(props: { href: string; class?: string; testId?: string; children: ComponentChildren; current?: boolean }) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.href);
  };
  return (
    <a href={props.href} class={props.class} onClick={onClick} data-testid={props.testId} aria-current={props.current ? 'page' : undefined}>
      {props.children}
    </a>
  );
}
