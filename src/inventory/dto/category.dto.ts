import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateCategoryDto {
  @ApiProperty({ example: 'Kitchen', maxLength: 100, description: 'Unique among its siblings (case-insensitive)' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Parent category; absent or null for a root' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  parentId?: string | null;
}

/** Rename (`name`) and/or move (`parentId`; null moves it to the root). */
export class UpdateCategoryDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'New parent; null moves the category to the root. A move under its own subtree is a 409.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  parentId?: string | null;
}

export class ListCategoriesQueryDto {
  @ApiPropertyOptional({ enum: ['tree', 'flat'], default: 'tree', description: '`tree`: roots with nested `children`; `flat`: every category with its `parentId`' })
  @IsOptional()
  @IsIn(['tree', 'flat'])
  view: 'tree' | 'flat' = 'tree';
}

export class CategoryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) parentId: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class CategoryTreeView extends CategoryView {
  @ApiProperty({ type: () => [CategoryTreeView] }) children: CategoryTreeView[];
}

export class CategoryList {
  @ApiProperty({ type: [CategoryTreeView], description: 'Roots with nested `children` (view=tree) or every category (view=flat)' })
  items: Array<CategoryView | CategoryTreeView>;
  @ApiProperty({ nullable: true, type: String, description: 'Always null: the tree is answered whole' })
  nextCursor: null;
}
