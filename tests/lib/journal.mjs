// Reading journal entries in tests. /log/entry serves the public fields to
// anyone; the whole header (actor, subject, data) only to an auditor who
// gives a reason, and each such view is journaled (docs/verification.md §3).
import { login, api } from './api.mjs';

export const AUDIT_REASON = 'Integration test: checking the entry header';

export async function auditorToken(server) {
  return login(server.url, 'auditor', server.logins.auditor);
}

// The parsed entry header, as an auditor sees it.
export async function entryAsAuditor(url, token, index) {
  const r = await api(url, token, 'GET', `/log/entry/${index}?reason=${encodeURIComponent(AUDIT_REASON)}`);
  if (r.status !== 200 || typeof r.json?.entry !== 'string') throw new Error(`/log/entry/${index} as auditor: HTTP ${r.status} ${r.text}`);
  return JSON.parse(r.json.entry);
}
