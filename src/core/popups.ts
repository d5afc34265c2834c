// popups.ts - what the client's popups can be, from the one table both languages read: ps/ThsWorker/popup-texts.json
// (docs/popups.md). The worker classifies the popups; the server needs only the warning kinds (accept_warnings).
import popupTexts from '../../ps/ThsWorker/popup-texts.json' with { type: 'json' };

/**
 * The kinds of the client's own warnings (是 / 否 questions) the risk config's accept_warnings may list. `unknown` (any
 * other question) is not one of them: it is always answered No.
 */
export const WARNING_KINDS: readonly string[] = (popupTexts as { warnings: Array<{ kind: string }> }).warnings.map((w) => w.kind);
