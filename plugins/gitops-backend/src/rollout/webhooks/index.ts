export { callWebhook } from './callWebhook';
export type { WebhookPayload, WebhookResult } from './callWebhook';
export { runWebhooks } from './runWebhooks';
export type { NamedWebhookResult, WebhooksResult } from './runWebhooks';
export { webhookChecksum } from './checksum';
export { eventPayload } from './eventPayload';
export { postJson } from './postJson';
export type { PostJsonOptions, PostJsonResponse } from './postJson';
