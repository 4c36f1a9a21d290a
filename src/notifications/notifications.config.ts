import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import { defineConfigSlice, toBool } from '../config/config-slice';

const ADDRESS = '[^@\\s,]+@[^@\\s,]+';

/** Who is told what by mail: customers about their orders, staff about low stock. */
class NotificationsVariables {
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  NOTIFY_CUSTOMERS?: boolean;

  @IsOptional()
  @IsString()
  @Matches(new RegExp(`^\\s*(${ADDRESS}(\\s*,\\s*${ADDRESS})*)?\\s*$`), {
    message: 'must be comma-separated email addresses',
  })
  ALERT_EMAILS?: string;
}

export const notificationsConfig = defineConfigSlice({
  variables: NotificationsVariables,
  build: (v) => ({
    /** Mail customers when their order is created, confirmed, shipped, delivered, cancelled or refunded. */
    notifyCustomers: v.NOTIFY_CUSTOMERS ?? true,
    /** Where low-stock alerts go; none when empty. */
    alertEmails: (v.ALERT_EMAILS ?? '')
      .split(',')
      .map((address) => address.trim())
      .filter(Boolean),
  }),
});
