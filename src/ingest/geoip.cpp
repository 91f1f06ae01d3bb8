#include "geoip.h"
