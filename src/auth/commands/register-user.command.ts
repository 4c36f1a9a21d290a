export class RegisterUserCommand {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly name: string,
    /** Client address, for the per IP + email attempt limit. */
    readonly ip: string,
  ) {}
}
