import { ApiProperty } from '@nestjs/swagger';
import { UserResponse } from './user.response';

export class TokenPairResponse {
  @ApiProperty({ description: 'JWT (HS256) to send as `Authorization: Bearer <token>`.' }) accessToken: string;
  @ApiProperty({ description: 'Opaque; exchange it at POST /auth/refresh (single use, rotated).' }) refreshToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Access token lifetime in seconds.', example: 1800 }) expiresIn: number;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}

export class TestLoginResponse extends TokenPairResponse {
  @ApiProperty({ format: 'uuid', description: 'The test identity (seed 001 compatibility: same as `user.id`).' }) customerId: string;
}
