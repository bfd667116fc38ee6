"""Official sanctions lists, one module per format, behind one interface (``base.py``);
``registry.py`` names them."""
