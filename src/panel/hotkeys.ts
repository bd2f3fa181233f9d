import type { VoiceParty } from '../core/audio/attribution.ts';
import type { TagDefinition } from '../core/fundamentals.ts';
import { sessionStore, settingsStore } from '../state/stores.ts';
import { bindingFor, type KeyAction } from './keys.ts';
import type { Panel } from './panel.ts';

/** What the keys ask of the engine (src/engine/engine.ts has each of these). */
export interface HotkeyCommands {
  readonly running: boolean;
  showPanel(open: boolean): void;
  correctVoice(party: VoiceParty): Promise<void>;
  tag(tag: TagDefinition): void;
}

/**
 * The keyboard, anywhere on the page: each key of the key table (keys.ts) does its action, with the panel open
 * or not. Typing in a field, and keys held with Ctrl, Alt or Meta, are left alone.
 */
export function installHotkeys(target: Document, commands: HotkeyCommands, panel: Panel): () => void {
  const act = (action: KeyAction, e: KeyboardEvent) => {
    switch (action.type) {
      case 'panel':
        return commands.showPanel(!sessionStore.getState().panelOpen);
      case 'calm':
        return settingsStore.setState({ calm: !settingsStore.getState().calm });
      case 'keys':
        return panel.showKeys();
      case 'note':
        // The key would otherwise be typed into the note field it opens.
        e.preventDefault();
        return panel.focusNote();
      case 'voice':
        return void commands.correctVoice(action.party);
      case 'tag':
        return commands.tag(action.tag);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    const el = e.target as HTMLElement | null;
    if (el && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA')) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const binding = bindingFor(e.key);
    if (!binding || (binding.sessionOnly && !commands.running)) return;
    act(binding.action, e);
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
