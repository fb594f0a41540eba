// libpq, PostgreSQL's C client library (apt libpq-dev, brew libpq; pkg-config libpq).
#include <libpq-fe.h>
