export type TicketState = 'issued' | 'scanned' | 'void';

export interface TicketType {
  id: string;
  eventId: string;
  label: string;
  /** Price per ticket */
  price: number;
  quantity: number;
}

export interface Ticket {
  id: string;
  orderId: string;
  ticketTypeId: string;
  state: TicketState;
  seat?: string;
  scannedAt?: string;
}
