import { formatCents } from '../common/money';

/**
 * Every mail the service sends, in one place. A template is a small function from its data to a
 * subject and a plain-text body (every mail has a plain-text part); the HTML alternative is derived
 * from the text, so the two never disagree. Links that carry a token are built with `ctx.link`:
 * `PUBLIC_URL` + path + `?token=…`.
 *
 * A new mail adds its function to MAIL_TEMPLATES; `Mailer.enqueue` is typed by it.
 */

export interface MailContent {
  subject: string;
  text: string;
}

export interface TemplateContext {
  /** `PUBLIC_URL` + `path`, with `token` as the `token` query parameter. */
  link(path: string, token: string): string;
  /** `PUBLIC_URL` + `path`. */
  url(path: string): string;
}

const greeting = (name: string | undefined): string => (name ? `Hello ${name},` : 'Hello,');

/** What every mail about an order names: the customer and the order's `number`. */
export interface OrderNoticeData {
  name: string;
  number: number;
}

/** The receipt of a new order: its lines and totals (integer cents). */
export interface OrderReceiptData extends OrderNoticeData {
  currency: string;
  items: Array<{ name: string; sku: string; quantity: number; unitPriceCents: number; lineTotalCents: number }>;
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  taxCents: number;
  totalCents: number;
}

export const MAIL_TEMPLATES = {
  'verify-email': (data: { name: string; token: string }, ctx: TemplateContext): MailContent => ({
    subject: 'Confirm your email address',
    text: [
      greeting(data.name),
      '',
      'Please confirm your email address by opening this link:',
      ctx.link('/verify-email', data.token),
      '',
      'The link works once and expires in 24 hours. If you did not create an account, ignore this mail.',
    ].join('\n'),
  }),

  'confirm-new-email': (data: { name: string; token: string; newEmail: string }, ctx: TemplateContext): MailContent => ({
    subject: 'Confirm your new email address',
    text: [
      greeting(data.name),
      '',
      `You asked to use ${data.newEmail} for your account. Confirm it by opening this link:`,
      ctx.link('/verify-email', data.token),
      '',
      'Until then your account keeps its current address. The link works once and expires in 24 hours.',
    ].join('\n'),
  }),

  'reset-password': (data: { name: string; token: string }, ctx: TemplateContext): MailContent => ({
    subject: 'Reset your password',
    text: [
      greeting(data.name),
      '',
      'Someone (hopefully you) asked to reset the password of your account. Choose a new one here:',
      ctx.link('/reset-password', data.token),
      '',
      'The link works once and expires in 1 hour. If you did not ask for it, ignore this mail: your password stays as it is.',
    ].join('\n'),
  }),

  'password-changed': (data: { name: string; everySession: boolean }): MailContent => ({
    subject: 'Your password was changed',
    text: [
      greeting(data.name),
      '',
      `The password of your account was just changed, and ${data.everySession ? 'every session' : 'your other sessions'} were signed out.`,
      'If this was not you, reset your password at once and contact us.',
    ].join('\n'),
  }),

  'order-created': (data: OrderReceiptData): MailContent => ({
    subject: `Order #${data.number} received`,
    text: [
      greeting(data.name),
      '',
      `Thank you for your order #${data.number}. Your receipt:`,
      '',
      ...data.items.map(
        (line) =>
          `${line.quantity} × ${line.name} (${line.sku}) at ${formatCents(line.unitPriceCents, data.currency)}: ${formatCents(line.lineTotalCents, data.currency)}`,
      ),
      '',
      `Subtotal: ${formatCents(data.subtotalCents, data.currency)}`,
      ...(data.discountCents > 0 ? [`Discount: -${formatCents(data.discountCents, data.currency)}`] : []),
      `Shipping: ${formatCents(data.shippingCents, data.currency)}`,
      `Tax: ${formatCents(data.taxCents, data.currency)}`,
      `Total: ${formatCents(data.totalCents, data.currency)}`,
      '',
      'We will write again when it is confirmed and when it ships.',
    ].join('\n'),
  }),

  'order-confirmed': (data: OrderNoticeData): MailContent => ({
    subject: `Order #${data.number} confirmed`,
    text: [greeting(data.name), '', `Your order #${data.number} is confirmed and being prepared.`].join('\n'),
  }),

  'order-shipped': (data: OrderNoticeData & { trackingNumber: string }): MailContent => ({
    subject: `Order #${data.number} shipped`,
    text: [greeting(data.name), '', `Your order #${data.number} is on its way.`, `Tracking number: ${data.trackingNumber}`].join(
      '\n',
    ),
  }),

  'order-delivered': (data: OrderNoticeData): MailContent => ({
    subject: `Order #${data.number} delivered`,
    text: [greeting(data.name), '', `Your order #${data.number} was delivered. We hope you enjoy it.`].join('\n'),
  }),

  'order-cancelled': (data: OrderNoticeData): MailContent => ({
    subject: `Order #${data.number} cancelled`,
    text: [
      greeting(data.name),
      '',
      `Your order #${data.number} was cancelled. If you were charged, the payment will be refunded.`,
    ].join('\n'),
  }),

  'order-refunded': (data: OrderNoticeData & { totalCents: number; currency: string }): MailContent => ({
    subject: `Order #${data.number} refunded`,
    text: [
      greeting(data.name),
      '',
      `Your order #${data.number} was refunded: ${formatCents(data.totalCents, data.currency)}.`,
    ].join('\n'),
  }),

  'low-stock-alert': (data: { productName: string; sku: string; stock: number; lowStockThreshold: number }): MailContent => ({
    subject: `Low stock: ${data.sku} (${data.stock} left)`,
    text: [
      `${data.productName} (sku ${data.sku}) is low on stock: ${data.stock} left, at or below its threshold of ${data.lowStockThreshold}.`,
      '',
      'Restock it with a stock adjustment (POST /api/v1/products/:id/stock-adjustments).',
    ].join('\n'),
  }),
} satisfies Record<string, (data: never, ctx: TemplateContext) => MailContent>;

export type MailTemplateName = keyof typeof MAIL_TEMPLATES;
export type MailTemplateData<K extends MailTemplateName> = Parameters<(typeof MAIL_TEMPLATES)[K]>[0];

export interface RenderedMail extends MailContent {
  html: string;
}

/** Renders a template: its subject and text, and the HTML alternative derived from the text. */
export function renderMail<K extends MailTemplateName>(
  template: K,
  data: MailTemplateData<K>,
  ctx: TemplateContext,
): RenderedMail {
  const render = MAIL_TEMPLATES[template] as (data: MailTemplateData<K>, ctx: TemplateContext) => MailContent;
  const content = render(data, ctx);
  return { ...content, html: textToHtml(content.text) };
}

/** A TemplateContext for links under `publicUrl` (no trailing slash). */
export function templateContext(publicUrl: string): TemplateContext {
  return {
    url: (path) => `${publicUrl}${path}`,
    link: (path, token) => `${publicUrl}${path}?${new URLSearchParams({ token }).toString()}`,
  };
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Paragraphs from blank-line-separated text; URLs become links. Everything is escaped. */
export function textToHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((block) =>
    block
      .split('\n')
      .map((line) => escapeHtml(line).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`))
      .join('<br>'),
  );
  return `<!doctype html><html><body>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>`;
}

/** The URLs in a mail's text (the development mailbox logs them). */
export const linksOf = (text: string): string[] => text.match(/https?:\/\/\S+/g) ?? [];
