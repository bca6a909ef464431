import { type Answer, ApiError, type Body, csrfToken, type PathOf, type Problem } from '../../api';
import i18n from '../../i18n';
import { IDEMPOTENCY_HEADER, newIdempotencyKey } from '../../idempotency';

/**
 * POSTs JSON with the session's CSRF token, reporting the upload's progress (fetch cannot). The write
 * carries an Idempotency-Key: a new one, or `idempotencyKey` when the same upload is sent again.
 */
export function postWithProgress<P extends PathOf<'post'>>(
  path: P,
  body: Body<P>,
  onProgress: (loaded: number, total: number) => void,
  onUploaded: () => void,
  idempotencyKey: string = newIdempotencyKey(),
): Promise<Answer<P, 'post'>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('accept-language', i18n.language);
    // the token api.ts keeps for this session
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.setRequestHeader(IDEMPOTENCY_HEADER, idempotencyKey);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.upload.onload = () => onUploaded();
    xhr.onload = () => {
      let answer: unknown = {};
      try {
        answer = JSON.parse(xhr.responseText || '{}');
      } catch {
        answer = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(answer as Answer<P, 'post'>);
      else reject(new ApiError(xhr.status, answer as Problem));
    };
    xhr.onerror = () => reject(new Error(i18n.t('csv.networkError', { ns: 'admit' })));
    xhr.send(JSON.stringify(body));
  });
}
