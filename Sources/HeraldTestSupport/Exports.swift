@_exported import HeraldFixtures
