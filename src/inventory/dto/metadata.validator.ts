import { ValidateBy, ValidationOptions } from 'class-validator';
import { jsonByteLength } from '../domain/product-changes';

/** The value, serialized as JSON, is at most `max` bytes (UTF-8). */
export function MaxJsonBytes(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxJsonBytes',
      constraints: [max],
      validator: {
        validate: (value: unknown) => value === undefined || jsonByteLength(value) <= max,
        defaultMessage: () => `$property must be at most ${max} bytes as JSON`,
      },
    },
    options,
  );
}
