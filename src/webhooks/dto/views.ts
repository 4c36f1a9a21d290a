import { DeliveryStatus, WebhookDeliveryView, WebhookView } from './webhook.dto';

export interface EndpointRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  secret: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryRow {
  id: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
}

/** Columns of an endpoint as views show it (never the secret). */
export const ENDPOINT_COLUMNS = `"id", "url", "events", "description", "active", "createdAt", "updatedAt"`;

export function toWebhookView(row: Omit<EndpointRow, 'secret'>): WebhookView {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    active: row.active,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export function toDeliveryView(row: DeliveryRow): WebhookDeliveryView {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: row.status === 'pending' && row.nextAttemptAt ? new Date(row.nextAttemptAt).toISOString() : null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
