"""The relationship network: graph analysis of people and their ties."""
