import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { HistoryEntryView, toHistoryEntryView } from './history-entry.view';
import { OrderHistoryEntry } from './order-history.entity';

/** The read side of the audit trail, for the module that answers `GET /orders/:id/history`. */
@Injectable()
export class OrderHistoryReader {
  constructor(@InjectRepository(OrderHistoryEntry) private readonly entries: Repository<OrderHistoryEntry>) {}

  /** Every entry of one order, oldest first (also after the order was deleted). */
  async entriesOf(orderId: string): Promise<HistoryEntryView[]> {
    const rows = await this.entries.find({ where: { orderId }, order: { at: 'ASC', id: 'ASC' } });
    return rows.map(toHistoryEntryView);
  }
}
