import { checkNewPin, describeWait } from '../core/pinPolicy.ts';
import { PinStore } from '../store/pin.ts';
import { h } from './dom.ts';

/**
 * Modal dialogs for staff: the staff PIN (`requestPin`) and a typed confirmation for things that cannot be
 * undone (`confirmByTyping`). Native <dialog> with showModal(): focus stays inside, Escape cancels, and it shows
 * over the stage even in full screen (the top layer). Nothing here submits a form to anywhere: submit events
 * are only used so that Enter works, and are always prevented (the page's CSP refuses form actions anyway).
 */

let nextId = 0;
const uid = (stem: string): string => `${stem}-${++nextId}`;

interface Modal {
  dialog: HTMLDialogElement;
  form: HTMLFormElement;
  message: HTMLParagraphElement;
  /** Resolves with the value passed to `finish`, or false when closed by Escape or Cancel. */
  result: Promise<boolean>;
  finish(ok: boolean): void;
}

function openModal(title: string, intro: Node[], fields: Node[], submitLabel: string, danger = false): Modal {
  const titleId = uid('dialog-title');
  const message = h('p', { class: 'problem', role: 'alert' });
  const submit = h('button', { type: 'submit', class: danger ? 'danger' : 'primary' }, submitLabel);
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const form = h(
    'form',
    { class: 'grid', novalidate: true },
    ...fields,
    message,
    h('div', { class: 'row' }, submit, cancel),
  );
  const dialog = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, title),
    ...intro,
    form,
  );
  let settled = false;
  let resolve: (ok: boolean) => void = () => undefined;
  const result = new Promise<boolean>((r) => {
    resolve = r;
  });
  const finish = (ok: boolean) => {
    if (settled) return;
    settled = true;
    resolve(ok);
    if (dialog.open) dialog.close();
    dialog.remove();
  };
  cancel.addEventListener('click', () => finish(false));
  // Escape, or the dialog closed any other way: nothing was confirmed.
  dialog.addEventListener('close', () => finish(false));
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, form, message, result, finish };
}

function field(label: string, attrs: Record<string, string | boolean>): [HTMLLabelElement, HTMLInputElement] {
  const id = uid('field');
  return [h('label', { for: id }, label), h('input', { id, ...attrs })];
}

const PIN_INPUT = {
  type: 'password',
  inputmode: 'numeric',
  autocomplete: 'off',
  spellcheck: false,
  maxlength: '32',
};

/** A new PIN, typed twice: on first use (setting it counts as entering it), or to change it. */
async function setPinDialog(pins: PinStore, intro: string): Promise<boolean> {
  const [pinLabel, pin] = field('New PIN', { ...PIN_INPUT, autofocus: true });
  const [againLabel, again] = field('New PIN again', PIN_INPUT);
  const modal = openModal(
    'Staff PIN',
    [
      h('p', {}, intro),
      h(
        'p',
        { class: 'hint' },
        'At least 4 digits; 6 or more is safer. Keep it safe: Attune cannot recover a forgotten PIN.',
      ),
    ],
    [pinLabel, pin, againLabel, again],
    'Set PIN',
  );
  let busy = false;
  modal.form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    const check = checkNewPin(pin.value, again.value);
    if (!check.ok) {
      modal.message.textContent = check.message;
      (pin.value === '' || again.value === pin.value ? pin : again).focus();
      return;
    }
    busy = true;
    modal.message.textContent = '';
    modal.form.setAttribute('aria-busy', 'true');
    try {
      await pins.setPin(pin.value);
      modal.finish(true);
    } catch (error) {
      modal.message.textContent = `The PIN could not be saved: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      busy = false;
      modal.form.removeAttribute('aria-busy');
    }
  });
  return modal.result;
}

async function enterPinDialog(pins: PinStore, reason: string): Promise<boolean> {
  const [pinLabel, pin] = field('PIN', { ...PIN_INPUT, autofocus: true });
  const modal = openModal(
    'Staff PIN',
    [h('p', {}, `Enter the staff PIN to ${reason}.`)],
    [pinLabel, pin],
    'Unlock',
  );
  const submit = modal.form.querySelector<HTMLButtonElement>('button[type=submit]');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const holdOff = (ms: number, said: string) => {
    modal.message.textContent = `${said}Too many wrong tries: wait ${describeWait(ms)}, then try again.`;
    if (submit) submit.disabled = true;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (submit) submit.disabled = false;
      modal.message.textContent = 'You can try the PIN again now.';
      pin.focus();
    }, ms);
  };
  void modal.result.then(() => clearTimeout(timer));
  const initialWait = await pins.waitMs();
  if (initialWait > 0) holdOff(initialWait, '');

  let busy = false;
  modal.form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy || submit?.disabled) return;
    if (pin.value === '') {
      modal.message.textContent = 'Type the PIN first.';
      pin.focus();
      return;
    }
    busy = true;
    modal.form.setAttribute('aria-busy', 'true');
    try {
      const verdict = await pins.verify(pin.value);
      if (verdict.ok) {
        modal.finish(true);
        return;
      }
      pin.value = '';
      pin.focus();
      const wrong = verdict.checked ? 'That PIN is wrong, so nothing has been opened. ' : '';
      if (verdict.waitMs > 0) holdOff(verdict.waitMs, wrong);
      else modal.message.textContent = `${wrong}Try again, or choose Cancel.`;
    } catch (error) {
      modal.message.textContent = `The PIN could not be checked: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      busy = false;
      modal.form.removeAttribute('aria-busy');
    }
  });
  return modal.result;
}

// ---------------------------------------------------------------------------------------------------------
// The staff PIN, for review and for the panel's settings.

export interface RequestPinOptions {
  /** Ask even when the PIN was entered in the last few minutes. Review asks every time it opens. */
  fresh?: boolean;
}

/**
 * After a right PIN, the panel's staff controls stay unlocked this long (or until a session starts), so a
 * practitioner adjusting the volume is not asked at every change; a learner who reaches the panel later finds
 * it locked again.
 */
export const UNLOCK_MS = 5 * 60_000;

let unlockedUntil = 0;
let relockTimer: number | null = null;
const lockListeners = new Set<(unlocked: boolean) => void>();
let pending: Promise<boolean> | null = null;

function notifyLock(): void {
  const unlocked = isStaffUnlocked();
  for (const listener of lockListeners) listener(unlocked);
}

function unlockFor(ms: number): void {
  unlockedUntil = Date.now() + ms;
  if (relockTimer !== null) window.clearTimeout(relockTimer);
  relockTimer = window.setTimeout(notifyLock, ms + 50);
  notifyLock();
}

/** Calls `listener` with whether staff controls are unlocked, now and at every change. Returns an unsubscribe. */
export function onStaffLock(listener: (unlocked: boolean) => void): () => void {
  lockListeners.add(listener);
  listener(isStaffUnlocked());
  return () => lockListeners.delete(listener);
}
let pinStore: Promise<PinStore> | null = null;

/**
 * Asks for the staff PIN in a modal dialog named "Staff PIN" and resolves true once it is right, false when
 * cancelled (a wrong PIN keeps the dialog open with a message; it never resolves true). On a device with no PIN
 * yet, it asks staff to choose one (typed twice) and resolves true once it is set. `reason` completes the
 * sentence "Enter the staff PIN to …", e.g. "change the volume". Resolves true at once within UNLOCK_MS of the
 * last right PIN unless `fresh` is set. Calls made while the dialog is open share its answer. Never rejects.
 */
export function requestPin(reason: string, options: RequestPinOptions = {}): Promise<boolean> {
  if (!options.fresh && Date.now() < unlockedUntil) return Promise.resolve(true);
  if (pending) return pending;
  pending = (async () => {
    try {
      pinStore ??= PinStore.open();
      const pins = await pinStore;
      const ok = (await pins.hasPin())
        ? await enterPinDialog(pins, reason)
        : await setPinDialog(
            pins,
            `No staff PIN is set on this computer yet. Choose one now: staff will need it to ${reason}.`,
          );
      if (ok) unlockFor(UNLOCK_MS);
      return ok;
    } catch (error) {
      pinStore = null;
      console.error('Staff PIN unavailable', error);
      // Fails closed: without the PIN store nothing is unlocked.
      return false;
    } finally {
      pending = null;
    }
  })();
  return pending;
}

/**
 * Replaces the staff PIN (e.g. when a member of staff leaves), after the current one is entered afresh.
 * Resolves true once the new PIN is saved, false when cancelled.
 */
export async function changeStaffPin(): Promise<boolean> {
  if (!(await requestPin('change the staff PIN', { fresh: true }))) return false;
  try {
    pinStore ??= PinStore.open();
    return await setPinDialog(await pinStore, 'Choose the new staff PIN for this computer.');
  } catch (error) {
    pinStore = null;
    console.error('Staff PIN unavailable', error);
    return false;
  }
}

/** Locks again at once (a session starts, review closes): the learner can reach the panel in a session. */
export function lockStaff(): void {
  unlockedUntil = 0;
  if (relockTimer !== null) window.clearTimeout(relockTimer);
  relockTimer = null;
  notifyLock();
}

/** True within UNLOCK_MS of the last right PIN: lets the panel show its settings as unlocked. */
export function isStaffUnlocked(): boolean {
  return Date.now() < unlockedUntil;
}

// ---------------------------------------------------------------------------------------------------------

export interface TypedConfirmation {
  title: string;
  /** What will happen, in plain words. */
  text: string;
  /** What must be typed, exactly (after trimming spaces at either end). */
  expected: string;
  /** The input's label, e.g. "Type the pseudonym to confirm". */
  label: string;
  /** The button that does it, e.g. "Erase". */
  confirmLabel: string;
}

/** For what cannot be undone: the person types a name to confirm. Resolves false on Cancel or Escape. */
export function confirmByTyping(c: TypedConfirmation): Promise<boolean> {
  const [label, input] = field(c.label, {
    type: 'text',
    autocomplete: 'off',
    spellcheck: false,
    autofocus: true,
  });
  const modal = openModal(c.title, [h('p', {}, c.text)], [label, input], c.confirmLabel, true);
  modal.form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value.trim() === c.expected) {
      modal.finish(true);
      return;
    }
    modal.message.textContent = `That does not match. Type ${c.expected} exactly, or choose Cancel.`;
    input.focus();
  });
  return modal.result;
}
