from fhir_migrate import client

revision: str = '0789ab'
down_revision: str = 'd4e5f6'


def upgrade(server: client.FhirClient) -> None:
    for patient in server.search("Patient", {}):
        for name in patient.name:
            name.use = name.use or "official"
        server.update(patient)


def downgrade(server: client.FhirClient) -> None:
    pass
