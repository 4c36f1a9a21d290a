export class LogInCommand {
  constructor(
    readonly email: string,
    readonly password: string,
    /** Client address, for the per IP + email failure limit. */
    readonly ip: string,
  ) {}
}
