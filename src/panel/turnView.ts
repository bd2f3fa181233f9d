import type { SessionState } from '../state/stores.ts';
import { formatSeconds, h } from '../ui/dom.ts';

export interface TurnView {
  /** The turn, sequence and response time in large type, then the session's exchanges and initiations. */
  readonly nodes: readonly HTMLElement[];
  render(s: SessionState): void;
}

const PARTY_WORDS = { learner: 'Learner', practitioner: 'Practitioner' } as const;

/** Turn-taking as it happens, so the practitioner can see whose turn Attune thinks it is. */
export function createTurnView(): TurnView {
  const holderText = h('output', { id: 'turn-holder', class: 'big' });
  const sequenceText = h('output', { id: 'turn-sequence', class: 'big' });
  const latencyText = h('output', { id: 'turn-latency', class: 'big' });
  const figures = h('p', { class: 'hint' });
  return {
    nodes: [
      h(
        'section',
        { 'aria-label': 'Turn-taking now', class: 'turns' },
        h('div', {}, h('label', { for: 'turn-holder' }, 'Turn'), holderText),
        h('div', {}, h('label', { for: 'turn-sequence' }, 'Sequence'), sequenceText),
        h('div', {}, h('label', { for: 'turn-latency' }, 'Last response time'), latencyText),
      ),
      figures,
    ],
    render(s) {
      const running = s.sessionId !== null;
      const t = s.turns;
      holderText.textContent = running ? (t.holder ? PARTY_WORDS[t.holder] : 'Nobody yet') : '–';
      sequenceText.textContent = running
        ? t.sequenceTurns > 1
          ? `${t.sequenceTurns} turns`
          : 'None running'
        : '–';
      latencyText.textContent =
        running && t.lastLatencyMs !== null && t.lastLatencyParty
          ? `${formatSeconds(t.lastLatencyMs)} (${PARTY_WORDS[t.lastLatencyParty].toLowerCase()})`
          : '–';
      figures.textContent = running ? `Exchanges ${t.exchanges}, learner initiations ${t.initiations}.` : '';
    },
  };
}
