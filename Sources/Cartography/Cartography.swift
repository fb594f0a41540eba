// The Cartography module.
