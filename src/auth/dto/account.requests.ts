import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { OptionalNotNull } from '../../common/http/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class UpdateProfileRequest {
  @ApiPropertyOptional({ example: 'Alice Martin', maxLength: 200 })
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({
    example: 'alice@new.example.com',
    maxLength: 254,
    description:
      'Not applied at once: it becomes `pendingEmail` and a verification mail goes to it; it replaces the current address once verified. Your current address cancels a pending change.',
  })
  @OptionalNotNull()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class ChangePasswordRequest {
  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({ minLength: 8, maxLength: 128, example: 'an even better horse' })
  @IsString()
  @Length(8, 128)
  newPassword: string;
}

export class VerifyEmailRequest {
  @ApiProperty({ description: 'The `token` query parameter of the link in the verification mail.' })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  token: string;
}

export class ForgotPasswordRequest {
  @ApiProperty({ example: 'alice@example.com' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  email: string;
}

export class ResetPasswordRequest {
  @ApiProperty({ description: 'The `token` query parameter of the link in the password-reset mail.' })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  token: string;

  @ApiProperty({ minLength: 8, maxLength: 128, example: 'a brand new horse' })
  @IsString()
  @Length(8, 128)
  password: string;
}

/** The answer of requests whose effect is a mail (202): the same whatever happened behind it. */
export class AcceptedResponse {
  @ApiProperty({ enum: ['accepted'] }) status: 'accepted';
  @ApiProperty({ example: 'If an account uses this address, a mail with a link is on its way.' }) detail: string;
}
