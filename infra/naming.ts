/** Construct IDs an auditor can find: `issue-certificate` → `IssueCertificate`. */
export function pascalCase(text: string): string {
  return text.replace(/(^|[-_\s]+)([a-zA-Z0-9])/g, (_match, _separator, letter: string) =>
    letter.toUpperCase(),
  );
}
