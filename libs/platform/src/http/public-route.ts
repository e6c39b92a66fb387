import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'iam:public-route';

/** No authentication: health, metrics and docs only. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
