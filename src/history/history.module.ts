import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrderHistoryEntry } from './order-history.entity';
import { OrderHistoryProjector } from './order-history.projector';
import { OrderHistoryReader } from './order-history.reader';

/** The audit trail: projected from order events; read by the Orders module through `OrderHistoryReader`. */
@Module({
  imports: [CqrsModule, TypeOrmModule.forFeature([OrderHistoryEntry])],
  providers: [OrderHistoryProjector, OrderHistoryReader],
  exports: [OrderHistoryReader],
})
export class HistoryModule {}
