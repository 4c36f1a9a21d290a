import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrderHistoryEntry } from './order-history.entity';
import { OrderHistoryProjector } from './order-history.projector';

/** The audit trail: projected from order events; read through the Orders module's history query. */
@Module({
  imports: [CqrsModule, TypeOrmModule.forFeature([OrderHistoryEntry])],
  providers: [OrderHistoryProjector],
  exports: [TypeOrmModule],
})
export class HistoryModule {}
