export class GetOrderStatsQuery {
  constructor(
    readonly from?: Date,
    readonly to?: Date,
  ) {}
}
