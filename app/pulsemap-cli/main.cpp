#include <QCoreApplication>
#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::puts("pulsemap-cli " PULSEMAP_VERSION);
    return 0;
}
