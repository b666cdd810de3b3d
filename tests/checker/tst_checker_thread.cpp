// The checker thread yields the CPU to the GUI: on Linux it runs CheckerController::kCheckerNiceness
// nicer than the thread that made it (docs/ARCHITECTURE.md, "Threads"), so a run on a busy machine
// slows itself rather than the window.
#include "checker/CheckerController.h"

#include <QTest>
#include <QThread>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

class TestCheckerThread : public QObject
{
    Q_OBJECT
private slots:
    void checkerThreadIsNicerThanTheGui()
    {
#ifndef Q_OS_LINUX
        QSKIP("thread nice values are a Linux feature");
#else
        const int gui = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
        cc::CheckerController controller;
        int checker = 100;
        QThread *thread = nullptr;
        QMetaObject::invokeMethod(
            controller.worker(),
            [&] {
                checker = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
                thread = QThread::currentThread();
            },
            Qt::BlockingQueuedConnection);
        QVERIFY(thread != QThread::currentThread());
        QCOMPARE(checker, std::min(19, gui + cc::CheckerController::kCheckerNiceness));
        // The GUI thread itself is left as it was.
        QCOMPARE(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())), gui);
#endif
    }
};

QTEST_GUILESS_MAIN(TestCheckerThread)
#include "tst_checker_thread.moc"
