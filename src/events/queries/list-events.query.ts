export class ListEventsQuery {
  constructor(
    readonly after: number,
    readonly limit: number,
  ) {}
}
