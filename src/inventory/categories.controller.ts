import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/auth/roles.decorator';
import { etagOf } from '../common/http/if-match';
import { parseUuid } from '../common/http/validation';
import { CreateCategoryCommand } from './commands/create-category.command';
import { DeleteCategoryCommand } from './commands/delete-category.command';
import { UpdateCategoryCommand } from './commands/update-category.command';
import { CategoryList, CategoryView, CreateCategoryDto, ListCategoriesQueryDto, UpdateCategoryDto } from './dto/category.dto';
import { GetCategoryQuery } from './queries/get-category.query';
import { ListCategoriesQuery } from './queries/list-categories.query';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The ETag last read; a stale one answers 412' };

@ApiTags('inventory')
@ApiBearerAuth('bearer')
@Controller('categories')
export class CategoriesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'All categories, as a tree (default) or flat with parent ids', description: '`view=tree` nests children under their parents; `view=flat` lists every category with its `parentId`.' })
  @ApiOkResponse({ type: CategoryList })
  listCategories(@Query() query: ListCategoriesQueryDto) {
    return this.queries.execute(new ListCategoriesQuery(query.view));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One category; ETag is its version', description: 'The category\'s `version` is sent as `ETag` for a later `PATCH` with `If-Match`.' })
  @ApiOkResponse({ type: CategoryView })
  @ApiNotFoundResponse()
  async getCategory(@Param('id', parseUuid('id')) id: string, @Res({ passthrough: true }) res: Response) {
    const category = await this.queries.execute(new GetCategoryQuery(id));
    res.setHeader('ETag', etagOf(category.version));
    return category;
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a category (admin), optionally under a parent', description: 'Admin only. Sibling names are unique (409). Answers 201 with the category, `Location` and `ETag`.' })
  @ApiCreatedResponse({ type: CategoryView, description: 'Location: /api/v1/categories/{id}' })
  @ApiConflictResponse({ description: 'a sibling has the same name' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  @ApiUnprocessableEntityResponse({ description: 'unknown parent category' })
  async createCategory(@Body() body: CreateCategoryDto, @Res({ passthrough: true }) res: Response) {
    const category = await this.commands.execute(new CreateCategoryCommand(body));
    res.setHeader('Location', `/api/v1/categories/${category.id}`);
    res.setHeader('ETag', etagOf(category.version));
    return category;
  }

  @Patch(':id')
  @Roles('admin')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Rename and/or move a category (admin)', description: 'Admin only. `parentId: null` moves it to the root; a move under its own subtree answers 409. `If-Match` guards against lost updates (412).' })
  @ApiOkResponse({ type: CategoryView })
  @ApiConflictResponse({ description: 'the move would create a cycle, or a sibling has the same name' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  @ApiNotFoundResponse({ description: 'no such category' })
  @ApiPreconditionFailedResponse({ description: 'If-Match does not match the current version' })
  @ApiUnprocessableEntityResponse({ description: 'unknown parent category' })
  async updateCategory(
    @Param('id', parseUuid('id')) id: string,
    @Body() body: UpdateCategoryDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const category = await this.commands.execute(new UpdateCategoryCommand(id, body, ifMatch));
    res.setHeader('ETag', etagOf(category.version));
    return category;
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Delete an empty category (admin)', description: 'Admin only. A category that still has subcategories or products (active or not) answers 409. Answers 204.' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'the category still has subcategories or products' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  @ApiNotFoundResponse({ description: 'no such category' })
  @ApiPreconditionFailedResponse({ description: 'If-Match does not match the current version' })
  async deleteCategory(@Param('id', parseUuid('id')) id: string, @Headers('if-match') ifMatch: string | undefined) {
    await this.commands.execute(new DeleteCategoryCommand(id, ifMatch));
  }
}
