import { Icon, type IconName } from '../common/Icon.js';

export interface ControlProps {
  icon: IconName;
  label: string;
  onClick: () => void;
  testId: string;
  active?: boolean;
  off?: boolean;
  danger?: boolean;
  disabled?: boolean;
  pressed?: boolean;
  /** A count on the icon (unread chat, waiting students); hidden at 0. */
  badge?: number;
  badgeTestId?: string;
  /** Render the badge even at 0 (hidden), so that tests and screen readers can read the count. */
  badgeAlways?: boolean;
  state?: string;
  /** Why the button is disabled, for the tooltip and screen readers. */
  hint?: string;
  expanded?: boolean;
  /** The id of what the button opens (aria-controls). */
  controls?: string;
  extraClass?: string;
}

/** One button of the control bar: an icon, a label under it on wider screens, maybe a badge. */
export function Control(p: ControlProps) {
  const count = p.badge ?? 0;
  const showBadge = count > 0 || p.badgeAlways;
  return (
    <button
      type="button"
      class={`control ${p.off ? 'is-off' : ''} ${p.active ? 'is-active' : ''} ${p.danger ? 'control--danger' : ''} ${p.extraClass ?? ''}`}
      onClick={p.onClick}
      disabled={p.disabled}
      aria-label={p.hint ? `${p.label}. ${p.hint}` : p.label}
      aria-pressed={p.pressed}
      aria-expanded={p.expanded}
      aria-controls={p.controls}
      title={p.hint ?? p.label}
      data-testid={p.testId}
      data-state={p.state}
    >
      <span class="control__icon">
        <Icon name={p.icon} />
        {showBadge && (
          <span class={`badge ${count === 0 ? 'is-empty' : ''}`} data-testid={p.badgeTestId} data-count={count}>
            {count > 99 ? '99+' : count}
          </span>
        )}
      </span>
      <span class="control__label">{p.label}</span>
    </button>
  );
}
