import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../common/auth/auth-user';
import { OptionalNotNull } from '../../common/http/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterRequest {
  @ApiProperty({ example: 'alice@example.com', maxLength: 254 })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 128, example: 'correct horse battery' })
  @IsString()
  @Length(8, 128)
  password: string;

  @ApiProperty({ example: 'Alice Martin', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;
}

export class LoginRequest {
  @ApiProperty({ example: 'alice@example.com' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}

export class RefreshTokenRequest {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh.' })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refreshToken: string;
}

export class TestLoginRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing user, or the id to give a new test identity. Omitted: a new identity.' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ enum: ROLES, default: 'customer', description: 'Role of a newly created test identity.' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

export class UpdateUserRequest {
  @ApiPropertyOptional({ enum: ROLES })
  @OptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'false deactivates: the user cannot log in and their live tokens stop working.' })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;
}
