/**
 * The body of an action that takes no input (`POST /orders/:id/reorder`): none, or `{}`. Any field
 * is an unknown field (400), so nobody believes they can steer the action with one.
 */
export class EmptyBodyDto {}
