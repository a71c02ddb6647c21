"""Places and areas on a map: geometry on the sphere (circles, rings, sizes)
and the GeoJSON (RFC 7946) the map pages draw and the exports hold."""
