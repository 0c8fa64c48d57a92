import type { Problem } from '@souk/contracts';
import { ApiError, NETWORK_ERROR, problemError } from './api.js';

export interface Upload<T> {
  result: Promise<T>;
  abort: () => void;
}

/**
 * POSTs one file as the multipart field `file`, reporting upload progress
 * (0–1), which fetch cannot do. Same-origin and relative, like every API call.
 * An aborted upload rejects with an AbortError.
 */
export function uploadFile<T>(path: string, file: File, onProgress: (fraction: number) => void): Upload<T> {
  const xhr = new XMLHttpRequest();
  const result = new Promise<T>((resolve, reject) => {
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(problemError(xhr.status, (body ?? {}) as Partial<Problem>));
    };
    xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR));
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
  return { result, abort: () => xhr.abort() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
