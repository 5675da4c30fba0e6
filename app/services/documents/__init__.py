"""The PDF layer and every printed document (receipt, passbook, vouchers), and the one masking module."""
