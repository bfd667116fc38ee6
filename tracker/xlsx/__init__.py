"""The one workbook writer every workbook of the tracker uses, and the OOXML parts it reads."""
