import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class DecodeAuthorizationMessageDto {
  @ApiProperty({
    description: 'The encodedAuthorizationMessage of an AccessDenied answer',
    minLength: 1,
    maxLength: 32_768,
  })
  @IsString()
  // AWS caps EncodedMessage at 10,240 characters; ours carry the whole explanation, so allow more.
  @Length(1, 32_768)
  encodedMessage!: string;
}
