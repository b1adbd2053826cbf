/** The desks' one way of calling the API: a failure is said, in both languages, where asked. */
import { say } from './dom.ts';
import { failure } from './failure.ts';
import { api, problemOf } from './session.ts';

/** Calls the API and says why in `messageId` when it fails; the JSON answer otherwise. */
export async function call<T>(
  messageId: string | HTMLElement,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T | undefined> {
  let response: Response;
  try {
    response = await api(method, path, body === undefined ? {} : { body });
  } catch {
    say(messageId, 'bad', ...failure(0, {}));
    return undefined;
  }
  if (!response.ok) {
    say(messageId, 'bad', ...failure(response.status, await problemOf(response)));
    return undefined;
  }
  return (await response.json()) as T;
}
