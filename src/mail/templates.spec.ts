import { linksOf, renderMail, templateContext, textToHtml } from './templates';

describe('mail templates', () => {
  const ctx = templateContext('https://shop.example.com');

  it('carries a token as the `token` query parameter of a PUBLIC_URL link', () => {
    const mail = renderMail('verify-email', { name: 'Alice', token: 'a+b/c=' }, ctx);
    const [link] = linksOf(mail.text);
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('https://shop.example.com/verify-email');
    expect(url.searchParams.get('token')).toBe('a+b/c=');
    expect(mail.html).toContain('href="https://shop.example.com/verify-email?token=');
  });

  it('escapes what it puts in HTML', () => {
    expect(textToHtml('<b>"x"</b> & y')).toContain('&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; y');
    const mail = renderMail('confirm-new-email', { name: '<script>', token: 't', newEmail: 'a@b.c' }, ctx);
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('Hello <script>,');
  });
});
