/**
 * The sign-in step every desk shares: a pasted token (in AWS, the one the agencies' identity
 * provider issued) is kept in memory, the field is emptied, and the page shows its sections
 * once a first call with it succeeds.
 */

import { element, say } from './dom.ts';
import { roleLabel } from './labels.ts';
import { type Claims, keepToken } from './session.ts';

export function wireSignIn(options: {
  /** Roles this desk is for; any other is told so, and nothing is shown. */
  roles: readonly string[];
  /** Loads the desk's first view; false when the API refused (the reason already said). */
  open: (claims: Claims) => Promise<boolean>;
  /** The elements shown once signed in. */
  sections: readonly string[];
}): void {
  element<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const field = element<HTMLTextAreaElement>('token');
      const claims = keepToken(field.value);
      field.value = '';
      for (const id of options.sections) element(id).hidden = true;
      if (claims === undefined) {
        say('sign-in-message', 'bad', '这不是一个身份令牌。', 'This is not an identity token.');
        return;
      }
      if (!options.roles.includes(claims.role)) {
        const [zh, en] = roleLabel(claims.role);
        say(
          'sign-in-message',
          'bad',
          `此工作台不供“${zh}”使用。`,
          `This desk is not for the role “${en}”.`,
        );
        return;
      }
      say('sign-in-message', '', '正在登录…', 'Signing in…');
      if (!(await options.open(claims))) return;
      for (const id of options.sections) element(id).hidden = false;
      say(
        'sign-in-message',
        'ok',
        `已登录：${roleLabel(claims.role)[0]} ${claims.org}（${claims.sub}）。`,
        `Signed in: ${roleLabel(claims.role)[1]} ${claims.org} (${claims.sub}).`,
      );
    })();
  });
}
