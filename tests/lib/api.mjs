// Small JSON API client for the integration tests.
import { codeFor } from './totp.mjs';

// Signs in; adds the TOTP code for users whose role needs one (lib/totp.mjs).
export async function login(url, username, password) {
  const totp = await codeFor(url, username, password);
  const res = await fetch(new URL('/api/v1/login', url), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, ...(totp ? { totp } : {}) }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status}`);
  return (await res.json()).token;
}

export async function api(url, token, method, path, body, headers = {}) {
  const res = await fetch(new URL(path, url), {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text, headers: res.headers };
}

let counter = 0;
export function appealBody(extra = {}) {
  counter += 1;
  return {
    surname: 'Ҳасанзода', given_name: 'Ҷӯрабек', patronymic: 'Қодирович', birth_date: '1979-05-14',
    address: 'деҳаи Ғозималик, кӯчаи Сино 12', phone: '93 555 12 34',
    id_document: `A${String(1000000 + counter).padStart(8, '0')}`,
    channel: 'desk', category: 'complaint', crime_signs: 'no',
    summary: 'Ҳамсоя шабона садои баланд мебарорад ва ба хоби кӯдакон халал мерасонад.', ...extra,
  };
}

// Every appeal visible to the token, all pages.
export async function allAppeals(url, token) {
  const out = [];
  for (let page = 1; ; page++) {
    const r = await api(url, token, 'GET', `/api/v1/appeals?page=${page}&page_size=200`);
    if (r.status !== 200) throw new Error(`list: HTTP ${r.status}`);
    out.push(...r.json.items);
    if (page >= r.json.pages) return out;
  }
}
