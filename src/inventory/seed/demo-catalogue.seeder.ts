import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/auth-user';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { EventOutbox } from '../../events/outbox.service';
import { insertCategory } from '../commands/create-category.handler';
import { insertProduct } from '../commands/create-product.handler';
import { Product } from '../entities/product.entity';
import { DEMO_CATEGORIES, DEMO_PRODUCTS, DemoCategory } from './demo-catalogue';

const SYSTEM: Actor = { id: null, role: 'system' };

/**
 * With SEED_DEMO_DATA, an empty catalogue gets the demo one at start-up, so a first-time user has
 * something to order. Everything goes in one transaction, through the same code as the API (ledger
 * rows for the initial stock, product.created events); an advisory lock keeps several instances
 * starting together from seeding twice.
 */
@Injectable()
export class DemoCatalogueSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoCatalogue');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: EventOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemoData) return;
    const events = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(4176500002)`);
      if ((await manager.count(Product)) > 0) return [];
      const categoryIds = new Map<string, string>();
      await this.insertCategories(manager, DEMO_CATEGORIES, null, categoryIds);
      const created = [];
      for (const p of DEMO_PRODUCTS) {
        const { event } = await insertProduct(
          manager,
          this.outbox,
          { sku: p.sku, name: p.name, description: p.description, priceCents: p.priceCents, stock: p.stock, categoryId: categoryIds.get(p.category), metadata: p.metadata },
          SYSTEM,
          this.config.currency,
        );
        created.push(event);
      }
      return created;
    });
    if (events.length === 0) return;
    this.outbox.publish(events);
    this.logger.log(`seeded the demo catalogue: ${DEMO_PRODUCTS.length} products`);
  }

  private async insertCategories(manager: EntityManager, categories: DemoCategory[], parentId: string | null, ids: Map<string, string>): Promise<void> {
    for (const category of categories) {
      // An existing category of the same name (a catalogue emptied by hand) is reused.
      const existing = await manager.query<Array<{ id: string }>>(
        `SELECT "id" FROM "categories" WHERE lower("name") = lower($1) AND "parentId" IS NOT DISTINCT FROM $2`,
        [category.name, parentId],
      );
      const id = existing[0]?.id ?? (await insertCategory(manager, { name: category.name, parentId })).id;
      ids.set(category.name, id);
      await this.insertCategories(manager, category.children ?? [], id, ids);
    }
  }
}
