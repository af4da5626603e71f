// Helpers for the crime register tests.
import { api } from './api.mjs';

// A Dushanbe calendar date `daysAgo` days before today, as YYYY-MM-DD.
export function dushanbeDate(daysAgo = 0) {
  return new Date(Date.now() + 5 * 3600_000 - daysAgo * 86400_000).toISOString().slice(0, 10);
}

let counter = 0;
export function reportBody(extra = {}) {
  counter += 1;
  return {
    source: 'walk_in',
    reporter: {
      surname: 'Раҳимов', given_name: 'Бахтиёр', patronymic: 'Саидович', birth_date: '1985-03-02',
      address: 'шаҳри Душанбе, кӯчаи Айнӣ 5', phone: '93 444 55 66',
      id_document: `B${String(5000000 + counter).padStart(8, '0')}-${process.pid}`,
    },
    event_at: `${dushanbeDate(1)}T00:30`,
    place: { address: 'бозори Корвон, қатори 3', lat: 38.52, lon: 68.75 },
    account: 'Аз мошин телефон ва ҳамён дуздида шуд.',
    article: '244', part: '1',
    ...extra,
  };
}

export const reportStep = (s, token, id, body) => api(s.url, token, 'POST', `/api/v1/crime/reports/${id}/steps`, body);
export const caseStep = (s, token, id, body) => api(s.url, token, 'POST', `/api/v1/crime/cases/${id}/steps`, body);
export const register = (s, token, extra) => api(s.url, token, 'POST', '/api/v1/crime/reports', reportBody(extra));
