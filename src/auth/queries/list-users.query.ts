export class ListUsersQuery {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
