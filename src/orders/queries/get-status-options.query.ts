export class GetStatusOptionsQuery {}
