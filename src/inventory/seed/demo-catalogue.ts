/** The demo catalogue seeded on an empty database (SEED_DEMO_DATA): a small tree and ~20 products. */
export interface DemoCategory {
  name: string;
  children?: DemoCategory[];
}

export const DEMO_CATEGORIES: DemoCategory[] = [
  { name: 'Kitchen', children: [{ name: 'Cookware' }, { name: 'Tableware' }] },
  { name: 'Office', children: [{ name: 'Stationery' }] },
  { name: 'Outdoor' },
];

export interface DemoProduct {
  sku: string;
  name: string;
  category: string;
  priceCents: number;
  stock: number;
  description?: string;
  metadata?: Record<string, unknown>;
}

export const DEMO_PRODUCTS: DemoProduct[] = [
  { sku: 'CW-PAN-24', name: 'Cast-iron pan 24 cm', category: 'Cookware', priceCents: 3999, stock: 40, metadata: { material: 'cast iron' } },
  { sku: 'CW-POT-5L', name: 'Stock pot 5 L', category: 'Cookware', priceCents: 4599, stock: 25 },
  { sku: 'CW-WOK-30', name: 'Carbon steel wok', category: 'Cookware', priceCents: 3499, stock: 18 },
  { sku: 'CW-KNIFE-CH', name: "Chef's knife 20 cm", category: 'Cookware', priceCents: 5900, stock: 30 },
  { sku: 'CW-BOARD-L', name: 'Oak cutting board', category: 'Cookware', priceCents: 2450, stock: 4 },
  { sku: 'TW-MUG-ENM', name: 'Enamel mug', category: 'Tableware', priceCents: 1299, stock: 120, metadata: { color: 'white' } },
  { sku: 'TW-PLATE-SET', name: 'Stoneware plates (set of 4)', category: 'Tableware', priceCents: 4800, stock: 15 },
  { sku: 'TW-GLASS-6', name: 'Tumbler glasses (6)', category: 'Tableware', priceCents: 2199, stock: 60 },
  { sku: 'TW-BOWL-2', name: 'Ramen bowls (pair)', category: 'Tableware', priceCents: 2599, stock: 0 },
  { sku: 'KI-APRON', name: 'Linen apron', category: 'Kitchen', priceCents: 2900, stock: 35 },
  { sku: 'OF-NOTE-A5', name: 'Dotted notebook A5', category: 'Stationery', priceCents: 1450, stock: 200 },
  { sku: 'OF-PEN-FT', name: 'Fountain pen', category: 'Stationery', priceCents: 3200, stock: 45 },
  { sku: 'OF-INK-BL', name: 'Ink bottle, blue', category: 'Stationery', priceCents: 950, stock: 80 },
  { sku: 'OF-STAPLER', name: 'Heavy-duty stapler', category: 'Office', priceCents: 1899, stock: 3 },
  { sku: 'OF-LAMP-LED', name: 'LED desk lamp', category: 'Office', priceCents: 5499, stock: 22 },
  { sku: 'OF-CHAIR-ERG', name: 'Ergonomic chair', category: 'Office', priceCents: 24900, stock: 6 },
  { sku: 'OD-TENT-2P', name: 'Two-person tent', category: 'Outdoor', priceCents: 17900, stock: 12 },
  { sku: 'OD-BOTTLE-1L', name: 'Insulated bottle 1 L', category: 'Outdoor', priceCents: 2799, stock: 90 },
  { sku: 'OD-LANTERN', name: 'Camping lantern', category: 'Outdoor', priceCents: 3350, stock: 28 },
  { sku: 'OD-HAMMOCK', name: 'Travel hammock', category: 'Outdoor', priceCents: 3990, stock: 2 },
];
